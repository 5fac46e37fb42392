/**
 * Traffic routers: how a canary gets its share of the requests. {@link
 * io.jenkins.plugins.progressive.engine.traffic.TrafficRouters#create} builds one from a {@link
 * io.jenkins.plugins.progressive.engine.traffic.RouterSpec}; the canary strategy owns the Services {@code <app>-stable}
 * and {@code <app>-canary} and the canary Deployment's size, the routers only move traffic between the two.
 *
 * <p>What the user provides, per router:
 * <ul>
 *   <li>{@code REPLICA_RATIO}: nothing beyond the Deployment and a Service selecting both stable and canary pods;
 *       the share follows pod counts (approximate).</li>
 *   <li>{@code GATEWAY_API}: an {@code HTTPRoute} (gateway.networking.k8s.io/v1) with a rule whose {@code backendRefs}
 *       are exactly the stable and the canary Service (e.g. weights 100 and 0). Header routes need rule names
 *       (Gateway API CRDs v1.4+, or the experimental channel from v1.2).</li>
 *   <li>{@code ISTIO}: a {@code VirtualService} (networking.istio.io/v1beta1) with an {@code http} route whose
 *       {@code route} destinations are exactly the stable and the canary Service as {@code host}
 *       (short or fully qualified).</li>
 *   <li>{@code NGINX}: the primary {@code Ingress} for the host, with its path(s) going to the stable Service; the
 *       router adds {@code <primary>-canary} beside it.</li>
 * </ul>
 *
 * <p>What the routers write and nothing else: weights of the two backends; rules named
 * {@code progressive-delivery.<route>} (and {@code progressive-delivery.<route>.<n>}) in an HTTPRoute or
 * VirtualService, found again by that name and removed by {@code reset()}; the canary Ingress, labelled
 * {@code app.kubernetes.io/managed-by: progressive-delivery}, deleted by {@code reset()}. Writes to user objects are
 * JSON patches guarded by the resourceVersion read, retried on conflict.
 */
package io.jenkins.plugins.progressive.engine.traffic;
