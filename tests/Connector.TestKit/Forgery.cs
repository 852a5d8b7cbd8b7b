namespace Connector.TestKit;

/// <summary>One thing a forged or broken bearer token gets wrong (the token rejection matrix).</summary>
public enum Forgery
{
    NotAJwt,
    StrangerKeyWithIssuersKid,
    StrangerKeyWithUnknownKid,
    WrongIssuer,
    WrongAudience,
    AudienceArrayWithoutUs,
    AudienceBelowMcpPath,
    AudienceMcpPathSuffix,
    AudienceHostSuffix,
    AudienceMcpDashSuffix,
    AudienceDoubleTrailingSlash,
    AudienceOtherPort,
    AudiencePathInOtherCase,
    Expired,
    NotYetValid,
    IssuedInTheFuture,
    MissingSub,
    MissingExp,
    MissingAud,
    AlgNone,
    Hs256KeyedWithPublicJwk,
    Hs256KeyedWithModulus,
    PayloadTamperedAfterSigning,
    JkuHeaderToForeignKeys,
    EmbeddedJwkHeader,
    X5uHeaderToForeignCertificate,
    CriticalUnknownExtension,
}
