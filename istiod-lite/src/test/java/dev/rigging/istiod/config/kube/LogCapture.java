package dev.rigging.istiod.config.kube;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** {@code LogCapture} records what one logger writes, for asserting that a problem was logged. */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
    setLevel(Level.ALL);
  }

  static LogCapture of(Class<?> type) {
    LogCapture capture = new LogCapture(Logger.getLogger(type.getName()));
    capture.logger.addHandler(capture);
    return capture;
  }

  /** Formatted messages at {@code level} or above. */
  List<String> messages(Level level) {
    return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).map(LogCapture::format).toList();
  }

  private static String format(LogRecord r) {
    return r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
