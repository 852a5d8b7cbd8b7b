using System.Net.Mime;
using Connector.DevAuth.Protocol;

namespace Connector.DevAuth.Hosting;

/// <summary>Every failure answers in the RFC 6749 error shape, so callers never see a stack trace or an empty body.</summary>
internal static class JsonErrorExtensions
{
    public static WebApplication UseJsonErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => WriteErrorAsync(
                context,
                StatusCodes.Status500InternalServerError,
                new OAuthErrorResponse("server_error", "The dev sign-in service failed unexpectedly; its log has the details.")),
        });

        app.UseStatusCodePages(context =>
        {
            var statusCode = context.HttpContext.Response.StatusCode;
            return WriteErrorAsync(context.HttpContext, statusCode, DescribeStatus(statusCode));
        });

        return app;
    }

    private static OAuthErrorResponse DescribeStatus(int statusCode) => statusCode switch
    {
        StatusCodes.Status404NotFound => new("not_found", "There is nothing here. GET / lists the endpoints."),
        StatusCodes.Status405MethodNotAllowed => new("method_not_allowed", "This endpoint does not accept that HTTP method. GET / lists the endpoints."),
        >= 500 => new("server_error", "The dev sign-in service failed; its log has the details."),
        _ => new("invalid_request", "The request could not be handled. GET / lists the endpoints."),
    };

    private static Task WriteErrorAsync(HttpContext context, int statusCode, OAuthErrorResponse error) =>
        TypedResults.Json(error, DevAuthJsonContext.Default.OAuthErrorResponse, MediaTypeNames.Application.Json, statusCode)
            .ExecuteAsync(context);
}
