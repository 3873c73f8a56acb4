package org.llmplan.emit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.llmplan.error.InvalidValueException;

/**
 * Writes a bundle so that the output folder holds either the whole new bundle or what it held before: the
 * files go into a temporary sibling folder, which is renamed into place (one rename on the same file system)
 * only when every file is written. A non-empty folder is replaced only when asked to.
 */
public final class BundleWriter {
  private BundleWriter() {}

  public static void write(Path out, List<BundleFile> files, boolean force) {
    Path target = out.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      throw new InvalidValueException("--out " + out + " cannot be the root folder; name a folder for the bundle");
    }
    boolean exists = Files.exists(target);
    if (exists && !Files.isDirectory(target)) {
      throw new InvalidValueException("--out " + out + " is a file; name a folder for the bundle");
    }
    if (exists && !force && !isEmpty(target)) {
      throw new InvalidValueException("--out " + out + " is not empty; choose an empty or new folder, or add "
          + "--force to replace it");
    }
    Path staging = null;
    try {
      Files.createDirectories(parent);
      staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
      for (BundleFile f : files) {
        Path path = staging.resolve(f.path()).normalize();
        if (!path.startsWith(staging)) {
          throw new IllegalStateException("bundle path escapes the bundle: " + f.path());
        }
        Files.createDirectories(path.getParent());
        Files.writeString(path, f.content());
        if (f.executable() && supportsPosix(path)) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
      replace(target, staging, exists);
      staging = null;
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidValueException("cannot write the bundle to " + out + ": " + e.getMessage());
    } finally {
      if (staging != null) {
        deleteQuietly(staging);
      }
    }
  }

  /** Moves the staged folder into place; an old folder is first moved aside and deleted only afterwards. */
  private static void replace(Path target, Path staging, boolean exists) throws IOException {
    Path old = null;
    if (exists) {
      old = staging.resolveSibling(staging.getFileName() + ".old");
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      move(staging, target);
    } catch (IOException e) {
      if (old != null) {
        move(old, target);
      }
      throw e;
    }
    if (old != null) {
      deleteQuietly(old);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
      throw new IOException("cannot move " + from + " to " + to + " in one step: " + e.getMessage(), e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new InvalidValueException("cannot read --out " + dir + ": " + e.getMessage());
    }
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: a leftover hidden temporary folder is harmless and named after the bundle.
    }
  }
}
