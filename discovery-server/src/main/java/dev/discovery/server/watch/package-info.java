/**
 * The push API: blocking queries and the Server-Sent Events watch stream, fed by one dispatcher thread so that no
 * thread is held per waiting client and a slow watcher never slows the registry or other watchers.
 */
@NullMarked
package dev.discovery.server.watch;

import org.jspecify.annotations.NullMarked;
