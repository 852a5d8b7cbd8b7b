using Connector.Gateway.Hosting;
using Tutor.App.Course;
using Tutor.App.Progress;
using Tutor.App.Teacher;
using Tutor.App.Tools;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseGatewayPort(builder.Configuration, builder.Environment);

// Content: the course and the teacher's texts, read as the app starts so a broken or missing file stops start-up
// instead of failing a learner's first call.
builder.Services.AddAppContent(_ => CourseBook.Load(Path.Combine(builder.Environment.ContentRootPath, "Course", "course.json")));
builder.Services.AddAppContent(_ => new TeacherTexts(builder.Environment));

// Search by meaning, with a local model (leave this out for keyword search only).
builder.Services.AddMiniLmEmbeddings();

// State: each learner's place in the course, their slice of the state document.
builder.Services.AddSingleton<LearnerProgress>();

// The three groups: the course (and a search over it), the learner's progress, and the teaching method (rules and
// persona come with the skeleton).
builder.Services.AddConnectorGateway<TutorApp>(builder.Configuration)
    .WithConnectorTools<DomainTools>()
    .WithSearch(ToolNames.DomainSearchSections, CourseSearch.Source, CourseSearch.Words)
    .WithConnectorTools<UserTools>()
    .WithConnectorTools<ConfigTools>();

var app = builder.Build();
app.MapConnectorGateway();

return await app.RunConnectorGatewayAsync();

public partial class Program;
