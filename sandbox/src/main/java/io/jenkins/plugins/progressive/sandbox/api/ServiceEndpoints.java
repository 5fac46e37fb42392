package io.jenkins.plugins.progressive.sandbox.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Where the service proxy of the sandbox API server finds the pods behind a Service: the base URIs of the READY pods
 * of a namespace whose labels carry every entry of a selector. The sandbox facade answers it from its workloads.
 */
@FunctionalInterface
public interface ServiceEndpoints {

    /**
     * The ready pods a Service selects.
     *
     * @param namespace the Service's namespace
     * @param selector  the Service's selector, never empty
     * @return base URIs such as {@code http://127.0.0.1:41234/}; empty when no selected pod is ready
     */
    List<URI> ready(String namespace, Map<String, String> selector);
}
