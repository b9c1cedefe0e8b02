/**
 * Spring Cloud {@code ServiceRegistry}, the instance's {@code Registration}, leases and auto-registration.
 */
@NullMarked
package dev.discovery.client.serviceregistry;

import org.jspecify.annotations.NullMarked;
