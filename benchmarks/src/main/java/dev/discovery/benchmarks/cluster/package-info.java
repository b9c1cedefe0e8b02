/**
 * The suite's cluster mode: memory mode against registry replicas on a real etcd cluster.
 */
@NullMarked
package dev.discovery.benchmarks.cluster;

import org.jspecify.annotations.NullMarked;
