/**
 * Traffic for the sandbox: a {@link io.jenkins.plugins.progressive.sandbox.traffic.LoadGenerator} sends
 * real HTTP requests to the pods of a service, split the way the routing objects in the API server
 * say at that moment ({@link io.jenkins.plugins.progressive.sandbox.traffic.TrafficResolver}).
 *
 * <p>Which object decides, when several exist for one service {@code S} in a namespace (the first
 * that applies wins; the others are ignored, as a mesh or ingress controller would own the traffic):
 * <ol>
 *   <li>Istio {@code VirtualService} ({@code networking.istio.io/v1beta1}) whose {@code spec.hosts}
 *       names {@code S} ({@code S}, {@code S.ns}, {@code S.ns.svc} or {@code S.ns.svc.cluster.local});</li>
 *   <li>Gateway API {@code HTTPRoute} ({@code gateway.networking.k8s.io/v1}) with a {@code parentRef}
 *       of kind Service named {@code S} (GAMMA mesh routing), or {@code spec.hostnames} naming {@code S},
 *       or a {@code backendRef} naming {@code S};</li>
 *   <li>NGINX {@code Ingress} ({@code networking.k8s.io/v1}, not canary) with a rule whose host names
 *       {@code S} or whose backend is Service {@code S}; a canary Ingress
 *       ({@code nginx.ingress.kubernetes.io/canary: "true"}) for the same rule host takes its share;</li>
 *   <li>the plain {@code Service S}: its selector picks the ready pods, uniformly, so the replica
 *       ratio decides the split.</li>
 * </ol>
 * Every route ends in a Service of the same namespace (plus subset labels for Istio); its selector
 * and the ready pods decide which pod answers. When several objects of one kind apply, the oldest
 * (creationTimestamp, then name) wins, as Gateway API conflict resolution says.
 */
package io.jenkins.plugins.progressive.sandbox.traffic;
