/**
 * Limits on the HTTP connector, so that one client cannot starve the others: how long a request may take to
 * arrive, how many requests and connections one address may hold, and connections closed rather than drained when
 * a request is answered before its body was read.
 */
@NullMarked
package dev.discovery.server.connector;

import org.jspecify.annotations.NullMarked;
