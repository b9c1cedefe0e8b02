/**
 * The registry's DNS interface: A, AAAA and SRV records of passing instances, over UDP and TCP, for tools that do not
 * speak the HTTP API (load balancers such as HAProxy, plain resolvers).
 */
@NullMarked
package dev.discovery.server.dns;

import org.jspecify.annotations.NullMarked;
