package dev.rigging.ca.testing;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * {@code BenchLogging} gives a benchmark JVM started from a plain {@code main} the logging a
 * production process has: INFO and above, printed to stderr.
 *
 * <p>Without it, the Quarkus bootstrap jars on the test class path configure the JBoss log context
 * (which the SLF4J binding and JBoss Logging write to, with or without the JBoss log manager) at
 * level ALL with a handler that only queues records. Every library then formats its DEBUG
 * messages — grpc-netty's HTTP/2 frame logger and java-control-plane's per-request messages among
 * them — and nothing is printed: work the measured services do not do in production.
 */
public final class BenchLogging {
  private BenchLogging() {}

  /** Root level INFO, one console handler on stderr; returns whether DEBUG is now off. */
  public static boolean configure() {
    Logger root = LogContext.getSystemLogContext().getLogger("");
    root.setLevel(Level.INFO);
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    ConsoleHandler console = new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR,
        new PatternFormatter("%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n"));
    console.setLevel(Level.INFO);
    root.addHandler(console);
    return !org.slf4j.LoggerFactory.getLogger("io.grpc.netty.NettyServerHandler").isDebugEnabled();
  }
}
