/**
 * The etcd store: registry replicas that share one registry kept in etcd, each serving it from a local mirror.
 */
@NullMarked
package dev.discovery.server.etcd;

import org.jspecify.annotations.NullMarked;
