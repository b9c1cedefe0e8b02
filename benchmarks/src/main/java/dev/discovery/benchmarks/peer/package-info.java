/**
 * The registry measured next to another registry (a stock Eureka server) with the same client and scenarios.
 */
@NullMarked
package dev.discovery.benchmarks.peer;

import org.jspecify.annotations.NullMarked;
