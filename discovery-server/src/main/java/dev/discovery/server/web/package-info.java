/**
 * The HTTP API of the registry (v1 wire contract) and its RFC 9457 error answers.
 */
@NullMarked
package dev.discovery.server.web;

import org.jspecify.annotations.NullMarked;
