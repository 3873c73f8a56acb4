package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorchJob and JobSet of every plan validate against their CRD schemas (strictly), and carry what a
 * multi-node GPU job needs: the GPUs of a node per pod, RDMA with IPC_LOCK, a memory-backed /dev/shm, GPU node
 * selection and toleration, the Kueue queue label, and ranks that add up to the plan's GPUs.
 */
class KubernetesManifestTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final CrdSchema PYTORCHJOB = CrdSchema.load("kubeflow.org_pytorchjobs.yaml", "v1");
  private static final CrdSchema JOBSET = CrdSchema.load("jobset.x-k8s.io_jobsets.yaml", "v1alpha2");

  static List<String> plans() {
    return TestPlans.names();
  }

  private static JsonNode manifest(String plan, String file) throws IOException {
    return YAML.readTree(TestPlans.bundle(plan).resolve(file).toFile());
  }

  @ParameterizedTest
  @MethodSource("plans")
  void pytorchJobMatchesItsCrdAndThePlan(String plan) throws IOException {
    LaunchPlan launch = TestPlans.launch(plan);
    JsonNode job = manifest(plan, "kubernetes/pytorchjob.yaml");
    assertThat(PYTORCHJOB.validate(job)).isEmpty();
    assertThat(job.path("kind").asText()).isEqualTo(PYTORCHJOB.kind());
    JsonNode specs = job.path("spec").path("pytorchReplicaSpecs");
    int pods = specs.path("Master").path("replicas").asInt() + specs.path("Worker").path("replicas").asInt(0);
    assertThat(pods).isEqualTo(launch.nodes());
    assertThat(job.path("spec").path("nprocPerNode").asText()).isEqualTo(String.valueOf(launch.gpusPerNode()));
    assertThat(pods * launch.gpusPerNode()).isEqualTo(launch.job().gpus());
    for (JsonNode spec : specs) {
      JsonNode container = spec.path("template").path("spec").path("containers").get(0);
      assertThat(container.path("name").asText()).isEqualTo("pytorch"); // the operator's required name
      // The Training Operator injects MASTER_ADDR and MASTER_PORT into every pod.
      checkPod(launch, spec.path("template").path("spec"), List.of("MASTER_ADDR", "MASTER_PORT"));
    }
    assertThat(job.path("metadata").path("labels").path("kueue.x-k8s.io/queue-name").asText()).isEqualTo("default");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void jobSetMatchesItsCrdAndThePlan(String plan) throws IOException {
    LaunchPlan launch = TestPlans.launch(plan);
    JsonNode set = manifest(plan, "kubernetes/jobset.yaml");
    assertThat(JOBSET.validate(set)).isEmpty();
    JsonNode replicated = set.path("spec").path("replicatedJobs").get(0);
    JsonNode jobSpec = replicated.path("template").path("spec");
    assertThat(jobSpec.path("parallelism").asInt()).isEqualTo(launch.nodes());
    assertThat(jobSpec.path("completions").asInt()).isEqualTo(launch.nodes());
    assertThat(jobSpec.path("completionMode").asText()).isEqualTo("Indexed");
    JsonNode pod = jobSpec.path("template").path("spec");
    checkPod(launch, pod, List.of());
    // Pod 0 of job 0 is the rendezvous host: <jobset>-<replicatedJob>-0-0.<subdomain>.
    String master = set.path("metadata").path("name").asText() + "-" + replicated.path("name").asText() + "-0-0."
        + set.path("spec").path("network").path("subdomain").asText();
    JsonNode env = pod.path("containers").get(0).path("env");
    assertThat(env.findValuesAsText("value")).contains(master);
    List<String> args = texts(pod.path("containers").get(0).path("args"));
    assertThat(args.subList(0, 4)).containsExactly("--nnodes", String.valueOf(launch.nodes()), "--nproc-per-node",
        String.valueOf(launch.gpusPerNode()));
  }

  /** The schema is strict: a misspelt field, or a string where the CRD wants an integer, is reported. */
  @Test
  void aMisspeltFieldOrAWrongTypeIsRejected() throws IOException {
    ObjectNode set = (ObjectNode) manifest("dense-megatron", "kubernetes/jobset.yaml").deepCopy();
    ((ObjectNode) set.path("spec").path("replicatedJobs").get(0)).put("replica", 1);
    assertThat(JOBSET.validate(set)).anyMatch(p -> p.contains("replica"));
    ObjectNode job = (ObjectNode) manifest("dense-megatron", "kubernetes/pytorchjob.yaml").deepCopy();
    ((ObjectNode) job.path("spec").path("pytorchReplicaSpecs").path("Master")).put("replicas", "one");
    assertThat(PYTORCHJOB.validate(job)).anyMatch(p -> p.contains("replicas"));
  }

  private static void checkPod(LaunchPlan launch, JsonNode pod, List<String> injected) {
    JsonNode container = pod.path("containers").get(0);
    JsonNode limits = container.path("resources").path("limits");
    assertThat(limits.path("nvidia.com/gpu").asInt()).isEqualTo(launch.gpusPerNode());
    boolean multiNode = launch.nodes() > 1;
    assertThat(limits.has("rdma/rdma_shared_device_a")).isEqualTo(multiNode);
    assertThat(container.path("securityContext").path("capabilities").path("add").toString().contains("IPC_LOCK"))
        .isEqualTo(multiNode);
    assertThat(container.path("image").asText()).isEqualTo(launch.image());
    JsonNode shm = null;
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals("dshm")) {
        shm = v;
      }
    }
    assertThat(shm).isNotNull();
    assertThat(shm.path("emptyDir").path("medium").asText()).isEqualTo("Memory");
    assertThat(container.path("volumeMounts").findValuesAsText("mountPath")).contains("/dev/shm");
    assertThat(pod.path("nodeSelector").size()).isEqualTo(1);
    assertThat(pod.path("tolerations").get(0).path("key").asText()).isEqualTo("nvidia.com/gpu");
    // Every $(VAR) the command uses is declared in the container's env, so Kubernetes expands it.
    List<String> declared = container.path("env").findValuesAsText("name");
    List<String> used = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\(([A-Z_]+)\\)")
        .matcher(container.path("args").toString() + container.path("env").toString());
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(used).isNotEmpty().allMatch(v -> declared.contains(v) || injected.contains(v));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
