package dev.robotaug.api;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * Jetty's HTTP/1.1 connections, except that a request Jetty's parser refuses is always answered
 * with a 4xx. Jetty answers a request line without a version ("HTTP/0.9") or with an unknown one
 * with 505; such a line does not match the HTTP/1.1 grammar, for which RFC 9112 asks for 400, and a
 * malformed request is the client's error, never the server's. The reason stays Jetty's.
 */
final class ClientErrorConnectionFactory extends HttpConnectionFactory {

  ClientErrorConnectionFactory(HttpConfiguration config) {
    super(config);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection =
        new HttpConnection(
            getHttpConfiguration(), connector, endPoint, isRecordHttpComplianceViolations()) {
          @Override
          protected HttpChannelOverHttp newHttpChannel() {
            return new ClientErrorChannel(this);
          }
        };
    connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
    connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
    return configure(connection, connector, endPoint);
  }

  /** The refused request's status as a client error. */
  static BadMessageException asClientError(BadMessageException failure) {
    if (failure.getCode() < HttpStatus.INTERNAL_SERVER_ERROR_500) {
      return failure;
    }

    return new BadMessageException(HttpStatus.BAD_REQUEST_400, failure.getReason(), failure);
  }

  private static final class ClientErrorChannel extends HttpChannelOverHttp {
    ClientErrorChannel(HttpConnection connection) {
      super(
          connection,
          connection.getConnector(),
          connection.getHttpConfiguration(),
          connection.getEndPoint(),
          connection);
    }

    @Override
    public void onBadMessage(BadMessageException failure) {
      super.onBadMessage(asClientError(failure));
    }
  }
}
