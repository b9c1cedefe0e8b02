/**
 * The Eureka REST API under {@code /eureka}: unchanged Spring Cloud Netflix Eureka clients (and Eureka clients in
 * other languages) register, renew and discover against the registry, seeing the same instances as the v1 API, DNS
 * and watch streams. Instances and names are mapped both ways by {@link dev.discovery.server.eureka.EurekaMapping}.
 */
@NullMarked
package dev.discovery.server.eureka;

import org.jspecify.annotations.NullMarked;
