import NIOSSL
import PostgresNIO

extension PostgresCheckSpec.TLSMode {
    /// The driver's TLS setting for this mode, for probes and the shared store alike: `prefer`
    /// and `require` encrypt without verifying the server's certificate (libpq's meaning of
    /// those words); `disable` never asks for TLS.
    public func driverSetting() throws -> PostgresConnection.Configuration.TLS {
        switch self {
        case .disable:
            return .disable
        case .prefer, .require:
            var c = TLSConfiguration.makeClientConfiguration()
            c.certificateVerification = .none
            let context = try NIOSSLContext(configuration: c)
            return self == .prefer ? .prefer(context) : .require(context)
        }
    }
}
