/**
 * Bearer-token authentication, roles, service ownership and write rate limits.
 */
@NullMarked
package dev.discovery.server.security;

import org.jspecify.annotations.NullMarked;
