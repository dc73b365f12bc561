package dev.rigging.istiod.registry;

/**
 * {@code Locality} is region/zone/subzone, as Istio writes it ({@code us-east1/us-east1-b/rack1}).
 * Empty parts mean unknown.
 */
public record Locality(String region, String zone, String subzone) {
  public static final Locality UNKNOWN = new Locality("", "", "");

  public Locality {
    region = region == null ? "" : region;
    zone = zone == null ? "" : zone;
    subzone = subzone == null ? "" : subzone;
  }

  /** Parses {@code region/zone/subzone}; missing parts are empty. */
  public static Locality parse(String s) {
    if (s == null || s.isBlank()) {
      return UNKNOWN;
    }
    String[] p = s.split("/", -1);
    return new Locality(p[0], p.length > 1 ? p[1] : "", p.length > 2 ? p[2] : "");
  }

  public boolean isUnknown() {
    return region.isEmpty() && zone.isEmpty() && subzone.isEmpty();
  }

  @Override
  public String toString() {
    return subzone.isEmpty() ? (zone.isEmpty() ? region : region + "/" + zone) : region + "/" + zone + "/" + subzone;
  }
}
