import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The certificate the simulated staging serves HTTPS with: self-signed, made when the server
/// starts, for `localhost`, `127.0.0.1` and `::1`. Trust it by handing its PEM to a check as a
/// CA file.
public struct SimulatedCertificate: Sendable {
    /// How long the certificate is valid.
    public enum Validity: String, CaseIterable, Sendable {
        /// Valid from a day ago for 90 days.
        case selfSigned = "self-signed"
        /// Valid for 30 days, ended two days ago.
        case expired
        /// Valid from a day ago, ends in five days.
        case expiringSoon = "expiring-soon"

        /// The validity window around `now`.
        func window(now: Date) -> (notBefore: Date, notAfter: Date) {
            let day: TimeInterval = 86_400
            switch self {
            case .selfSigned: return (now - day, now + 90 * day)
            case .expired: return (now - 32 * day, now - 2 * day)
            case .expiringSoon: return (now - day, now + 5 * day)
            }
        }
    }

    /// The certificate in PEM.
    public let certificatePEM: String
    /// When it stops being valid.
    public let notValidAfter: Date
    let certificate: NIOSSLCertificate
    let privateKey: NIOSSLPrivateKey

    /// A new key and certificate with `validity` around `now`.
    public init(_ validity: Validity, now: Date = Date()) throws {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            OrganizationName("Warroom")
            CommonName("warroom simulated staging")
        }
        let (notBefore, notAfter) = validity.window(now: now)
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: notBefore,
            notValidAfter: notAfter,
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([
                    .dnsName("localhost"),
                    .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                    .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))),
                ])
            },
            issuerPrivateKey: Certificate.PrivateKey(key)
        )
        certificatePEM = try certificate.serializeAsPEM().pemString
        notValidAfter = notAfter
        self.certificate = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        privateKey = try NIOSSLPrivateKey(bytes: Array(key.pemRepresentation.utf8), format: .pem)
    }

    /// A server TLS configuration that presents this certificate.
    var serverConfiguration: TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(certificate)], privateKey: .privateKey(privateKey))
    }
}
