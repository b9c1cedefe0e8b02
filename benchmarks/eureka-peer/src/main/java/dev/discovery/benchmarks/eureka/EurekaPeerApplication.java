package dev.discovery.benchmarks.eureka;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

/**
 * A Eureka server exactly as Spring Cloud Netflix ships it: the benchmark's peer. Nothing is tuned; the benchmark
 * passes only the standalone settings Spring Cloud's guide gives for a single server (no peers to replicate to, no
 * registering with itself).
 */
@SpringBootApplication
@EnableEurekaServer
public class EurekaPeerApplication {

	public static void main(String[] args) {
		SpringApplication.run(EurekaPeerApplication.class, args);
	}

}
