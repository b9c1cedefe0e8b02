/**
 * The inventory-service sample: a Spring Cloud Netflix Eureka client, unchanged, registered with the registry's
 * Eureka API.
 */
@NullMarked
package dev.discovery.sample.inventory;

import org.jspecify.annotations.NullMarked;
