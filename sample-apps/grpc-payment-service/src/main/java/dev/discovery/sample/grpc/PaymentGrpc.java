package dev.discovery.sample.grpc;

import java.util.function.Supplier;

import com.google.protobuf.StringValue;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

/**
 * The payment service's gRPC contract, written out by hand so the sample needs no code generator. In a
 * {@code .proto} file it reads:
 *
 * <pre>
 * package payment;
 * import "google/protobuf/wrappers.proto";
 * service PaymentService {
 *   // Pays the order with the given id; answers "&lt;id&gt; PAID by &lt;instance id&gt;".
 *   rpc Pay(google.protobuf.StringValue) returns (google.protobuf.StringValue);
 * }
 * </pre>
 */
public final class PaymentGrpc {

	/** The service's full name. */
	public static final String SERVICE = "payment.PaymentService";

	/** {@code Pay}: a payment id in, a receipt naming the instance that served it out. */
	public static final MethodDescriptor<StringValue, StringValue> PAY = MethodDescriptor
		.<StringValue, StringValue>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Pay"))
		.setRequestMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(StringValue.getDefaultInstance()))
		.build();

	private PaymentGrpc() {
	}

	/**
	 * The service, answering as the given instance.
	 * @param instanceId the id this instance is registered under, known once the server has its port
	 * @return the service definition
	 */
	static ServerServiceDefinition service(Supplier<String> instanceId) {
		return ServerServiceDefinition.builder(SERVICE)
			.addMethod(PAY, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext(StringValue.of(request.getValue() + " PAID by " + instanceId.get()));
				response.onCompleted();
			}))
			.build();
	}

}
