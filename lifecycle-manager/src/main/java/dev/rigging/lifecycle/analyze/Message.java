package dev.rigging.lifecycle.analyze;

import java.util.Objects;

/**
 * {@code Message} is one finding, printed in istioctl's format:
 * {@code Error [IST0101] (VirtualService shop/reviews) Referenced gateway not found: "shop/gw"}.
 */
public record Message(MessageType type, String resource, String text) {
  public Message {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
  }

  public Level level() {
    return type.level();
  }

  @Override
  public String toString() {
    return type.level().display() + " [" + type.code() + "]" + (resource == null || resource.isEmpty() ? "" : " (" + resource + ")")
        + " " + text;
  }
}
