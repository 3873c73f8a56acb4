package org.llmplan.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.error.InvalidValueException;
import org.llmplan.plan.PlanFile;
import org.llmplan.server.http.StrictJson;

/**
 * {@code POST /api/emit}: the launch bundle of a plan, as {@code llmplan emit} writes it, in one zip file. The
 * body holds the plan itself ({@code llmplan-plan/1}, as {@code search train --save} writes it), never a path.
 */
final class BundleEndpoints {
  /** The DOS epoch of zip: every entry has this time, so the same plan gives the same bytes. */
  private static final long ZIP_TIME = 315_532_800_000L + 12 * 3_600_000L;

  /** The body: the plan and the options of {@code llmplan emit}. */
  record EmitBody(JsonNode plan, List<String> targets, String name, String image, String queue) {}

  private BundleEndpoints() {}

  static void install(Api api) {
    api.post("/api/emit", ctx -> {
      ObjectNode body = api.body(ctx);
      EmitBody b = StrictJson.read(body, EmitBody.class);
      if (b.plan() == null || !b.plan().isObject()) {
        throw new InvalidValueException("plan: give the plan as a JSON object (format llmplan-plan/1)");
      }
      PlanFile plan = PlanFile.parse(b.plan().toString(), "the plan");
      LaunchSettings settings = new LaunchSettings(b.name(), b.image(), b.queue());
      byte[] zip = api.compute(() -> zip(LaunchBundle.generate(plan, api.catalog(), settings, b.targets())));
      ctx.contentType("application/zip").header("Content-Disposition", "attachment; filename=\"bundle.zip\"")
          .result(zip);
    });
  }

  /** The files in one zip under {@code bundle/}, in the bundle's order, with fixed times. */
  static byte[] zip(List<BundleFile> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      for (BundleFile f : files) {
        ZipEntry entry = new ZipEntry("bundle/" + f.path());
        entry.setTime(ZIP_TIME);
        zip.putNextEntry(entry);
        zip.write(f.content().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
