package org.llmplan.emit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.MalformedInputException;
import org.llmplan.profile.EngineProfile;
import org.llmplan.profile.FrameworkProfile;

/**
 * The one registry of launch plug-ins. Each plug-in class is listed once, in
 * {@code META-INF/services/org.llmplan.emit.TrainingFramework} or {@code ...ServingEngine} (read with
 * {@link ServiceLoader}, in file order), so the plug-in packages depend on this one and not the other way.
 * A catalog entry without {@code plugin:} gets the plug-in that writes no framework or engine files.
 */
public final class Plugins {
  /** The plug-in of frameworks whose launchers run the user's own training script. */
  public static final String SCRIPT = "script";
  /** The plug-in of engines that llmplan cannot launch. */
  public static final String NONE = "none";

  private static final Map<String, TrainingFramework> FRAMEWORKS = load(TrainingFramework.class,
      TrainingFramework::name);
  private static final Map<String, ServingEngine> ENGINES = load(ServingEngine.class, ServingEngine::name);

  private Plugins() {}

  public static List<TrainingFramework> frameworks() {
    return List.copyOf(FRAMEWORKS.values());
  }

  public static List<ServingEngine> engines() {
    return List.copyOf(ENGINES.values());
  }

  /** The plug-in a framework's catalog entry names. */
  public static TrainingFramework of(FrameworkProfile framework) {
    return find(FRAMEWORKS, framework.plugin(), SCRIPT, "framework " + framework.name());
  }

  /** The plug-in an engine's catalog entry names. */
  public static ServingEngine of(EngineProfile engine) {
    return find(ENGINES, engine.plugin(), NONE, "engine " + engine.name());
  }

  /** Every framework and engine of the catalog names a known plug-in (one line naming the known ones if not). */
  public static void check(Catalog catalog) {
    catalog.frameworks().forEach(Plugins::of);
    catalog.engines().forEach(Plugins::of);
  }

  private static <T> T find(Map<String, T> plugins, String name, String fallback, String owner) {
    T plugin = plugins.get(name == null ? fallback : name);
    if (plugin == null) {
      throw new MalformedInputException("catalog: " + owner + " names plugin '" + name + "', which llmplan does "
          + "not have; choose from " + String.join(", ", plugins.keySet()));
    }
    return plugin;
  }

  private static <T> Map<String, T> load(Class<T> kind, Function<T, String> name) {
    Map<String, T> plugins = new LinkedHashMap<>();
    ServiceLoader.load(kind, Plugins.class.getClassLoader()).forEach(p -> plugins.put(name.apply(p), p));
    return plugins;
  }
}
