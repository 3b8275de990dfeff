import Foundation
import NIOSSL

/// How an `https://` check treats the server's certificate.
///
/// Contract: `caFile`, when set, names a readable PEM file of one or more certificates
/// (checked when the config loads); those certificates are trusted in place of the system's.
/// Expiry is reported whatever `insecure` says: a certificate ending within `expiryWarning`
/// turns the check to warn, an ended one fails it.
public struct HTTPTLSOptions: Hashable, Sendable {
    /// PEM certificates to trust (absolute, or made absolute from the config's folder).
    public var caFile: String?
    /// Skip verification altogether (a staging server with a certificate nobody signed).
    public var insecure: Bool
    /// Warn when the certificate ends sooner than this.
    public var expiryWarning: Seconds

    public static let defaultExpiryWarning = Seconds(14 * 86_400)

    public init(caFile: String? = nil, insecure: Bool = false, expiryWarning: Seconds = HTTPTLSOptions.defaultExpiryWarning) {
        self.caFile = caFile
        self.insecure = insecure
        self.expiryWarning = expiryWarning
    }

    init(reading r: ConfigReader) throws {
        _ = try r.requireMapping("a mapping such as {ca_file: staging-ca.pem}")
        if let file = try r.string("ca_file") {
            let path = PathText.join(PathText.folder(of: r.context.file), file)
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw r.error(at: "ca_file", FileManager.default.fileExists(atPath: path) ? "cannot read \(path)" : "no such file: \(path)")
            }
            guard let certificates = try? NIOSSLCertificate.fromPEMFile(path), !certificates.isEmpty else {
                throw r.error(at: "ca_file", "\(path) holds no PEM certificate")
            }
            caFile = path
        } else {
            caFile = nil
        }
        insecure = try r.bool("insecure", default: false)
        expiryWarning = try r.positiveSeconds("expiry_warning", max: Seconds(3650 * 86_400)) ?? HTTPTLSOptions.defaultExpiryWarning
        try r.finish()
        if insecure && caFile != nil { throw r.error(at: "insecure", "give either ca_file or insecure: true, not both") }
    }

    /// The client configuration for requests under these options.
    var clientConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecure {
            tls.certificateVerification = .none
        } else if let caFile {
            tls.trustRoots = .file(caFile)
        }
        return tls
    }
}
