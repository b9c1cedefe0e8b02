/**
 * The order-service sample: calls payment-service by name with three client styles.
 */
@NullMarked
package dev.discovery.sample.order;

import org.jspecify.annotations.NullMarked;
