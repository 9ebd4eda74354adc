namespace GraderHub.Web.Features.Lti;

// The names IMS gives things (LTI 1.3 core, Security Framework 1.0, Deep Linking 2.0, AGS 2.0,
// NRPS 2.0), in one place.
public static class LtiSpec
{
    public const string Version = "1.3.0";
    public const string Claim = "https://purl.imsglobal.org/spec/lti/claim/";
    public const string MessageTypeClaim = Claim + "message_type";
    public const string VersionClaim = Claim + "version";
    public const string DeploymentIdClaim = Claim + "deployment_id";
    public const string TargetLinkUriClaim = Claim + "target_link_uri";
    public const string ResourceLinkClaim = Claim + "resource_link";
    public const string RolesClaim = Claim + "roles";
    public const string ContextClaim = Claim + "context";
    public const string CustomClaim = Claim + "custom";
    public const string AgsEndpointClaim = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
    public const string NrpsClaim = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
    public const string DeepLinkingSettingsClaim = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings";
    public const string ContentItemsClaim = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items";
    public const string DeepLinkDataClaim = "https://purl.imsglobal.org/spec/lti-dl/claim/data";
    public const string DeepLinkMsgClaim = "https://purl.imsglobal.org/spec/lti-dl/claim/msg";

    public const string ResourceLinkRequest = "LtiResourceLinkRequest";
    public const string DeepLinkingRequest = "LtiDeepLinkingRequest";
    public const string DeepLinkingResponse = "LtiDeepLinkingResponse";

    public const string ScopeLineItem = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
    public const string ScopeLineItemReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly";
    public const string ScopeResultReadOnly = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
    public const string ScopeScore = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    public const string ScopeMemberships = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";

    public const string LineItemMediaType = "application/vnd.ims.lis.v2.lineitem+json";
    public const string LineItemContainerMediaType = "application/vnd.ims.lis.v2.lineitemcontainer+json";
    public const string ScoreMediaType = "application/vnd.ims.lis.v1.score+json";
    public const string ResultContainerMediaType = "application/vnd.ims.lis.v2.resultcontainer+json";
    public const string MembershipContainerMediaType = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

    public const string ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    // LIS v2 context roles; the short forms ("Learner") are allowed by the core spec too.
    public const string MembershipRole = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
    public const string LearnerRole = MembershipRole + "Learner";
    public const string InstructorRole = MembershipRole + "Instructor";
    public const string TeachingAssistantRole = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant";
}
