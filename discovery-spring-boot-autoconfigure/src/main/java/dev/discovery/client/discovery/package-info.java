/**
 * Spring Cloud {@code DiscoveryClient} and {@code ReactiveDiscoveryClient} backed by the registry.
 */
@NullMarked
package dev.discovery.client.discovery;

import org.jspecify.annotations.NullMarked;
