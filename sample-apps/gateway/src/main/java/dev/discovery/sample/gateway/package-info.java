/**
 * Server-side discovery: a Spring Cloud Gateway that finds its backends through the registry.
 */
@NullMarked
package dev.discovery.sample.gateway;

import org.jspecify.annotations.NullMarked;
