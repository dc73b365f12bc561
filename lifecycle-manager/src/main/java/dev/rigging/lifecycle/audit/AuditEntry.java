package dev.rigging.lifecycle.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * {@code AuditEntry} is one line of the audit log: who (the OS user and the kubeconfig user), when,
 * which cluster (context and API server), what ({@code action} and its details) and the result
 * ({@code success} or {@code failure} with the error).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"time", "user", "kubeUser", "context", "server", "action", "details", "result", "error"})
public record AuditEntry(String time, String user, String kubeUser, String context, String server, String action,
    Map<String, String> details, String result, String error) {}
