package org.llmplan.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.llmplan.catalog.Catalog;
import org.llmplan.compare.PlanComparison;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.error.InvalidValueException;
import org.llmplan.plan.PlanFile;
import org.llmplan.server.http.StrictJson;

/**
 * {@code POST /api/emit}: the launch bundle of a plan, as {@code llmplan emit} writes it, in one zip file; and
 * {@code POST /api/compare}: two plans side by side with the launch files that differ, as {@code llmplan compare
 * --json}. The body holds the plans themselves ({@code llmplan-plan/1}, as {@code search train --save} writes
 * them), never a path.
 */
final class BundleEndpoints {
  /** The DOS epoch of zip: every entry has this time, so the same plan gives the same bytes. */
  private static final long ZIP_TIME = 315_532_800_000L + 12 * 3_600_000L;

  /** The body: the plan and the options of {@code llmplan emit}. */
  record EmitBody(JsonNode plan, List<String> targets, String name, String image, String queue) {}

  /** The body of compare: plans A and B. */
  record CompareBody(JsonNode a, JsonNode b) {}

  private BundleEndpoints() {}

  static void install(Api api) {
    api.post("/api/emit", ctx -> {
      ObjectNode body = api.body(ctx);
      EmitBody b = StrictJson.read(body, EmitBody.class);
      PlanFile plan = plan("plan", b.plan(), "the plan");
      LaunchSettings settings = new LaunchSettings(b.name(), b.image(), b.queue());
      byte[] zip = api.compute(ctx, () -> zip(LaunchBundle.generate(plan, api.catalog(), settings, b.targets())));
      ctx.contentType("application/zip").header("Content-Disposition", "attachment; filename=\"bundle.zip\"")
          .result(zip);
    });
    api.post("/api/compare", ctx -> {
      CompareBody b = StrictJson.read(api.body(ctx), CompareBody.class);
      PlanFile first = plan("a", b.a(), "plan A");
      PlanFile second = plan("b", b.b(), "plan B");
      api.json(ctx, () -> PlanComparison.of(first, second, api.catalog(), files(first, api.catalog()),
          files(second, api.catalog())));
    });
  }

  /** The plan in {@code field} of a body, called {@code label} in messages. */
  private static PlanFile plan(String field, JsonNode plan, String label) {
    if (plan == null || !plan.isObject()) {
      throw new InvalidValueException(field + ": give the plan as a JSON object (format llmplan-plan/1)");
    }
    return PlanFile.parse(plan.toString(), label);
  }

  /** The launch files of a plan's default bundle by path, as {@code llmplan compare} compares them. */
  private static Map<String, String> files(PlanFile plan, Catalog catalog) {
    Map<String, String> files = new LinkedHashMap<>();
    for (BundleFile f : LaunchBundle.generate(plan, catalog, LaunchSettings.DEFAULTS, null)) {
      files.put(f.path(), f.content());
    }
    return files;
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
