/**
 * The payment-service sample: a service other services call by name.
 */
@NullMarked
package dev.discovery.sample.payment;

import org.jspecify.annotations.NullMarked;
