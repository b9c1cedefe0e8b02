/**
 * The registry's stores: the in-memory store and the journal that makes it durable.
 */
@NullMarked
package dev.discovery.server.store;

import org.jspecify.annotations.NullMarked;
