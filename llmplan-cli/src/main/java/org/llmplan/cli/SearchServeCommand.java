package org.llmplan.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.ServeReport;
import org.llmplan.plan.PlanFile;
import org.llmplan.serve.ServeRequest;
import org.llmplan.serve.ServeSearch;
import org.llmplan.serve.ServeSearchRequest;
import org.llmplan.serve.ServeSearchResult;
import org.llmplan.serving.Requests;
import org.llmplan.view.JsonText;
import org.llmplan.view.ServeSearchView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `llmplan search serve`: the cheapest accelerator x TP x precision x max-num-seqs that serves a rate under
 * latency targets.
 */
@Command(name = "serve", description = "Finds the cheapest deployment (accelerator, tensor parallelism, weight "
    + "precision, max-num-seqs; optionally disaggregated) that serves a request rate within TTFT and TPOT "
    + "targets.", mixinStandardHelpOptions = true, sortOptions = false)
final class SearchServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DeploymentOptions deployment;

  @Mixin
  TrafficOptions traffic;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--max-tp", paramLabel = "N", description = "Largest tensor parallelism tried; powers of two "
      + "from 1 (default: 8).")
  Integer maxTp;

  @Option(names = "--try-max-num-seqs", split = ",", paramLabel = "N,N", description = "The max-num-seqs values "
      + "tried (default: 64,128,256,512, or --max-num-seqs alone).")
  List<Integer> tryMaxNumSeqs;

  @Option(names = "--disaggregated", description = "Also try each deployment as a 1:1 prefill/decode unit.")
  boolean disaggregated;

  @Option(names = "--kv-link-gbps", paramLabel = "GBPS", description = "Bandwidth per GPU between prefill and "
      + "decode instances (default: the node's scale-out network per GPU).")
  Double kvLinkGbps;

  @Option(names = "--top", paramLabel = "N", description = "Deployments to list (default: 5).")
  Integer top;

  @Option(names = "--save", paramLabel = "FILE", description = "Write the best plan (every setting explicit) to "
      + "FILE.")
  Path save;

  @Option(names = "--json", description = "Print as JSON (schema: docs/json.md).")
  boolean json;

  @Override
  public Integer call() {
    ServeRequest base = traffic.toRequest(deployment.toRequest(null, null), null, null, kvLinkGbps);
    Integer stated = base.deployment().engineOptions().maxNumSeqs();
    List<Integer> seqs = tryMaxNumSeqs != null ? tryMaxNumSeqs : stated != null ? List.of(stated) : null;
    Catalog c = catalog.load(traffic.price());
    ServeSearchResult result = new ServeSearch(c, Requests.MAX_COUNT)
        .search(new ServeSearchRequest(base, maxTp, seqs, top, disaggregated));
    if (save != null && !result.ranked().isEmpty()) {
      PlanFile.of(result.bestPlan()).write(save);
    }
    spec.commandLine().getOut().print(json ? JsonText.write(ServeSearchView.of(result, c)) + "\n"
        : ServeReport.text(result, c) + (save != null && !result.ranked().isEmpty() ? "Saved the best plan to " + save
            + "\n" : ""));
    return result.ranked().isEmpty() ? Main.ANSWER_IS_NO : 0;
  }
}
