/**
 * payment-service over gRPC: a Spring Boot application with the discovery starter that registers its gRPC port, so
 * proxyless gRPC clients ({@code xds:///payment-service}) and Envoy reach it through the registry's xDS interface.
 */
@NullMarked
package dev.discovery.sample.grpc;

import org.jspecify.annotations.NullMarked;
