package dev.rigging.mesh.api.networking;

/**
 * {@code Destination} names a service (by host), an optional subset and an optional port.
 *
 * @param host service host name (FQDN or short name, resolved in the VirtualService's namespace)
 * @param subset subset name defined in a DestinationRule for the host
 * @param port port on the host; required when the service exposes more than one port
 */
public record Destination(String host, String subset, PortSelector port) {

  /** The port number, or {@code null} when none was given. */
  public Integer portNumber() {
    return port == null ? null : port.number();
  }
}
