package sweep

// WebShellRules returns accord's content rules for the web shells of the
// 2021 Exchange exploitation: the China Chopper family in its ASPX, ASP,
// PHP and JSP forms, including the variant written into an Exchange OAB
// virtual directory's ExternalUrl (CVE-2021-27065), and the other shells of
// CISA alert AA21-062A and Volexity's and FireEye's reports (SIMPLESEESHARP,
// SPORTSBALL, a reGeorg tunnel, ASPXSpy). The distinctive strings of the
// last four are those the alert's detection rules name; the rules here are
// accord's own. A new slice is returned on each call.
func WebShellRules() []ContentRule {
	return []ContentRule{
		{
			Name: "china-chopper-aspx-eval", Family: "China Chopper", AttackID: "S0020", Score: 90,
			Description: `China Chopper ASPX server: eval of a request parameter with "unsafe" (JScript.NET)`,
			All:         []string{"unsafe", "request"},
			Regex:       `eval\s*\(\s*Request\s*(\.\s*(Item|Form|QueryString|Params)\s*)?[\[(]\s*["'][^"'\r\n]{1,64}["']\s*[\])]\s*,\s*["']unsafe["']\s*\)`,
		},
		{
			Name: "china-chopper-aspx-eval-base64", Family: "China Chopper", AttackID: "S0020", Score: 85,
			Description: `China Chopper ASPX server: eval of a Base64-decoded request parameter with "unsafe"`,
			All:         []string{"unsafe", "frombase64string"},
			Regex:       `eval\s*\([^;\r\n]{0,120}FromBase64String\s*\(\s*Request[^;\r\n]{0,160}["']unsafe["']\s*\)`,
		},
		{
			Name: "china-chopper-exchange-oab", Family: "China Chopper", AttackID: "S0020", Score: 100,
			Description: "an Exchange OAB virtual directory's settings written to a page with a China Chopper script in ExternalUrl (CVE-2021-27065)",
			All:         []string{"externalurl", "runat"},
			Regex:       `ExternalUrl[^\r\n<]{0,80}<script[^>\r\n]{0,80}runat\s*=\s*["']?server["']?[^>\r\n]{0,40}>[^\r\n]{0,200}eval\s*\(\s*Request`,
		},
		{
			Name: "china-chopper-jscript-page", Family: "China Chopper", AttackID: "S0020", Score: 80,
			Description: "China Chopper ASPX server: a JScript page directive followed by eval of the request",
			All:         []string{"jscript", "eval"},
			Regex:       `<%@\s*Page\s+Language\s*=\s*["']?Jscript["']?[^>]{0,80}%>[\s\S]{0,1000}?eval\s*\(\s*Request`,
		},
		{
			Name: "china-chopper-asp", Family: "China Chopper", AttackID: "S0020", Score: 85,
			Description: "China Chopper classic ASP server: eval or execute of a request parameter",
			All:         []string{"request"},
			Regex:       `<%\s*(eval|execute|executeglobal)[\s(]+request\s*(\.\s*(item|form|querystring)\s*)?[\[(]\s*["'][^"'\r\n]{1,64}["']\s*[\])]\s*\)?\s*%>`,
		},
		{
			Name: "china-chopper-php", Family: "China Chopper", AttackID: "S0020", Score: 85,
			Description: "China Chopper PHP server: eval or assert of a request variable",
			All:         []string{"$_"},
			Regex:       `\b(eval|assert)\s*\(\s*(base64_decode\s*\(\s*)?\$_(POST|GET|REQUEST|COOKIE)\s*\[\s*["']?[^"'\]\r\n]{1,64}["']?\s*\]\s*\)?\s*\)`,
		},
		{
			Name: "china-chopper-jsp", Family: "China Chopper", AttackID: "S0020", Score: 80,
			Description: "China Chopper JSP server: the client's z0/z1/z2 parameters driving file or process calls",
			All:         []string{"request.getparameter("},
			Any:         []string{"getruntime().exec(", "new fileoutputstream(", "class.forname("},
			MinAny:      1,
			Regex:       `request\s*\.\s*getParameter\s*\(\s*"z[0-2]"\s*\)`,
		},
		{
			Name: "jsp-request-exec", Score: 75,
			Description: "JSP web shell: a request parameter run as a command",
			All:         []string{"getruntime"},
			Regex:       `Runtime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(\s*request\s*\.\s*getParameter\s*\(`,
		},
		{
			Name: "jscript-eval-unsafe", Score: 70,
			Description: `JScript.NET eval with "unsafe": runs arbitrary code, the core of China Chopper and its imitations`,
			All:         []string{"unsafe", "eval"},
			Regex:       `\beval\s*\([^;\r\n]{1,300},\s*["']unsafe["']\s*\)`,
		},
		{
			Name: "simpleseesharp", Family: "SIMPLESEESHARP", Score: 90,
			Description: "SIMPLESEESHARP: a small C# page that saves an uploaded file (Exchange exploitation, 2021)",
			AtStart:     `<%@ Page Language="C#" %>`,
			All:         []string{`<% HttpPostedFile thisFile = Request.Files[0];thisFile.SaveAs(Path.Combine`},
			MaxSize:     1023,
		},
		{
			Name: "sportsball-unique", Family: "SPORTSBALL", Score: 95,
			Description: "SPORTSBALL: uploads files and runs commands (Exchange exploitation, 2021); its unique cookie or key",
			Any: []string{`HttpCookie newcook = new HttpCookie("fqrspt", HttpContext.Current.Request.Form`,
				`ZN2aDAB4rXsszEvCLrzgcvQ4oi5J1TuiRULlQbYwldE=`},
			MinAny: 1,
		},
		{
			Name: "sportsball-body", Family: "SPORTSBALL", Score: 85,
			Description: "SPORTSBALL: uploads files and runs commands (Exchange exploitation, 2021); its body",
			All: []string{`Result.InnerText = string.Empty;`, `newcook.Expires = DateTime.Now.AddDays(`,
				`System.Diagnostics.Process process = new System.Diagnostics.Process()`,
				`process.StandardInput.WriteLine(HttpContext.Current.Request.Form["`,
				`else if (!string.IsNullOrEmpty(HttpContext.Current.Request.Form["`,
				`<input type="submit" value="Upload" />`},
		},
		{
			Name: "regeorg-tunnel-aspx", Family: "reGeorg", Score: 80,
			Description: "a reGeorg ASPX tunnel variant: a SOCKS tunnel over HTTP (Exchange exploitation, 2021)",
			All: []string{"System.Net.Sockets",
				"System.Text.Encoding.Default.GetString(Convert.FromBase64String(StrTr(Request.Headers.Get"},
		},
		{
			Name: "regeorg-tunnel-aspx-socket", Family: "reGeorg", Score: 75,
			Description: "a reGeorg ASPX tunnel variant: header-driven socket code",
			All:         []string{".Split('|')", "Request.Headers.Get", ".Substring(", "new Socket(", "IPAddress ip;"},
		},
		{
			Name: "aspxspy", Family: "ASPXSpy", AttackID: "S0073", Score: 80,
			Description: "ASPXSpy: a full-featured ASPX web shell (file manager, command shell, SQL client)",
			Any:         []string{"Bin_", "21232f297a57a5a743894a0e4a801fc3", "ProcessStartInfo", "cmd.exe"},
			MinAny:      1,
			Regex:       `ASPX\s?Spy`,
		},
	}
}

// scriptExts are the extensions of the files whose text the content rules
// read: server-side pages and code, and configuration that can hold it.
var scriptExts = map[string]bool{
	".aspx": true, ".asp": true, ".ashx": true, ".asmx": true, ".asa": true,
	".php": true, ".php5": true, ".phtml": true, ".jsp": true, ".jspx": true,
	".js": true, ".cs": true, ".config": true,
}
