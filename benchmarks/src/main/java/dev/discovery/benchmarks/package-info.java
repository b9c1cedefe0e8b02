/**
 * Benchmarks of the registry, run by hand against the real server jar in its own JVM.
 */
package dev.discovery.benchmarks;
