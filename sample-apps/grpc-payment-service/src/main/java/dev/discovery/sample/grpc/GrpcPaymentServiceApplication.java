package dev.discovery.sample.grpc;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.discovery.client.serviceregistry.DiscoveryRegistration;

/**
 * payment-service over gRPC.
 */
@SpringBootApplication
public class GrpcPaymentServiceApplication {

	@Bean
	GrpcServer grpcServer(@Value("${payment.grpc.address:0.0.0.0}") String address,
			@Value("${payment.grpc.port:9090}") int port, DiscoveryRegistration registration) {
		return new GrpcServer(address, port, registration);
	}

	public static void main(String[] args) {
		SpringApplication.run(GrpcPaymentServiceApplication.class, args);
	}

}
