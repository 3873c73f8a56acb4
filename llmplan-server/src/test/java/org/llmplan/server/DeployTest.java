package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;

/**
 * deploy/: the Kubernetes manifests load strictly with the fabric8 model classes (no schema of core kinds is in
 * shared/schemas), and they agree with the Dockerfile and the server: the probes are routes, the port and user
 * are the image's, the container has a memory limit, and the Service selects the Deployment's pods.
 */
class DeployTest {
  private static final Path DEPLOY = Path.of("../deploy");

  @Test
  void theManifestsAreValidAndAgreeWithTheImageAndTheServer() throws Exception {
    Deployment d = StrictKubernetes.parse(DEPLOY.resolve("kubernetes/deployment.yaml"), Deployment.class);
    Service s = StrictKubernetes.parse(DEPLOY.resolve("kubernetes/service.yaml"), Service.class);
    assertThat(StrictKubernetes.unknownFields(d)).isEmpty();
    assertThat(StrictKubernetes.unknownFields(s)).isEmpty();
    assertThat(d.getSpec().getReplicas()).isGreaterThan(1);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getResources().getLimits()).containsKey("memory");
    String docker = Files.readString(DEPLOY.resolve("Dockerfile"));
    int port = c.getPorts().get(0).getContainerPort();
    assertThat(docker).contains("EXPOSE " + port).contains("\"--port\", \"" + port + "\"").contains("MaxRAMPercentage");
    long user = d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
    assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(docker).contains("USER " + user).contains("--uid " + user);
    assertThat(s.getSpec().getSelector()).isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(s.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo(c.getPorts().get(0).getName());
    ApiServer server = ApiServer.start(Catalog.embedded(), "127.0.0.1", 0);
    try {
      List<String> routes = server.routes().stream().map(r -> r.method() + " " + r.path()).toList();
      assertThat(routes).contains("GET " + c.getReadinessProbe().getHttpGet().getPath(),
          "GET " + c.getLivenessProbe().getHttpGet().getPath(),
          "GET " + d.getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/path"));
    } finally {
      server.stop();
    }
  }
}
