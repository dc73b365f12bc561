package dev.rigging.lifecycle.testing;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * TEST-ONLY. {@code RigTest} is the base of the {@code @QuarkusMainTest} classes that drive
 * {@code rig} against one mock cluster ("east", Kubernetes 1.31) with the kubelet stand-in running.
 */
public abstract class RigTest {
  @TempDir protected Path dir;
  protected MockCluster cluster;
  protected KubeletStandIn kubelet;
  protected Path kubeconfig;
  protected Path audit;

  @BeforeEach
  void startCluster() throws Exception {
    cluster = new MockCluster("east", "31");
    kubelet = new KubeletStandIn(cluster);
    kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), cluster);
    audit = dir.resolve("audit.log");
  }

  @AfterEach
  void stopCluster() {
    kubelet.close();
    cluster.close();
  }

  /** Runs rig with {@code args} plus {@code -c KUBECONFIG}. */
  protected LaunchResult rig(QuarkusMainLauncher launcher, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-c");
    all.add(kubeconfig.toString());
    return launcher.launch(all.toArray(String[]::new));
  }

  /** Runs a changing command with {@code -y --audit-log AUDIT} added. */
  protected LaunchResult change(QuarkusMainLauncher launcher, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-y", "--audit-log", audit.toString()));
    return rig(launcher, all.toArray(String[]::new));
  }
}
