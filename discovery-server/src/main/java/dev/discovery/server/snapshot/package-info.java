/**
 * The memory store's durability: a journal of every change (group commit, fsync at least every flush interval,
 * index ranges reserved ahead of use) and snapshots that compact it, validated on load like API requests.
 */
@NullMarked
package dev.discovery.server.snapshot;

import org.jspecify.annotations.NullMarked;
