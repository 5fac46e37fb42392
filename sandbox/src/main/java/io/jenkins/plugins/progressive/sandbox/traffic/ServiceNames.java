package io.jenkins.plugins.progressive.sandbox.traffic;

import java.util.Optional;

/** The ways routing objects write "Service S in namespace N": S, S.N, S.N.svc, S.N.svc.cluster.local. */
final class ServiceNames {

    private ServiceNames() {
    }

    static boolean refersTo(String hostName, String service, String namespace) {
        return hostName != null && serviceOf(hostName, namespace).filter(service::equals).isPresent();
    }

    /** The Service in {@code namespace} a host name refers to; empty for other namespaces and external hosts. */
    static Optional<String> serviceOf(String hostName, String namespace) {
        if (hostName == null || hostName.isEmpty()) {
            return Optional.empty();
        }
        if (!hostName.contains(".")) {
            return Optional.of(hostName);
        }
        for (String suffix : new String[] {"." + namespace, "." + namespace + ".svc",
                "." + namespace + ".svc.cluster.local"}) {
            if (hostName.endsWith(suffix)) {
                String service = hostName.substring(0, hostName.length() - suffix.length());
                return service.contains(".") ? Optional.empty() : Optional.of(service);
            }
        }
        return Optional.empty();
    }
}
