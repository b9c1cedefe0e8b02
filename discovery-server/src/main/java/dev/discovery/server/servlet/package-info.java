/**
 * What the servlet-level guards of a request (the connector's deadline, the body size limit) share.
 */
@NullMarked
package dev.discovery.server.servlet;

import org.jspecify.annotations.NullMarked;
