/**
 * The Eureka server the benchmarks compare the registry with.
 */
@NullMarked
package dev.discovery.benchmarks.eureka;

import org.jspecify.annotations.NullMarked;
