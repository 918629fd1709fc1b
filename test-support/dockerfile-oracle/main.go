// dockerfile-oracle prints what BuildKit's own Dockerfile parser (frontend/dockerfile/parser and
// instructions) makes of Dockerfiles, in the shape build/frontend exposes, for the differential test.
//
//	dockerfile-oracle < texts.json      a JSON array of Dockerfile texts → a JSON array of results
//	dockerfile-oracle FILE...            the same for files
//
// Mount values and ADD sources are expanded as the Dockerfile frontend expands them at build time (the shell lexer
// with the file's escape character), with no variable set and unset variables kept as written.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

type mount struct {
	Type    string `json:"type"`
	From    string `json:"from"`
	Source  string `json:"source"`
	Target  string `json:"target"`
	ID      string `json:"id"`
	Sharing string `json:"sharing"`
}

type heredoc struct {
	Name    string `json:"name"`
	Chomp   bool   `json:"chomp"`
	Expand  bool   `json:"expand"`
	Content string `json:"content"`
}

// command: one parsed instruction; Error is set when the instructions package rejects it.
type command struct {
	Keyword  string    `json:"keyword"`
	Flags    []string  `json:"flags"`
	JSON     bool      `json:"json"`
	Heredocs []heredoc `json:"heredocs"`
	Error    string    `json:"error,omitempty"`
	Mounts   []mount   `json:"mounts,omitempty"`
	Network  string    `json:"network,omitempty"`
	Security string    `json:"security,omitempty"`
	Platform *string   `json:"platform,omitempty"`
	Sources  []string  `json:"sources,omitempty"`
}

type instruction struct {
	command
	Line    int `json:"line"`
	EndLine int `json:"endLine"`
	// ONBUILD: the trigger as the downstream build parses it (a Dockerfile of its own).
	Onbuild *command `json:"onbuild,omitempty"`
	// ONBUILD: why the downstream build cannot parse the trigger (it fails there).
	OnbuildError string `json:"onbuildError,omitempty"`
}

type syntax struct {
	Ref   string `json:"ref"`
	Value string `json:"value"`
	Line  int    `json:"line"`
}

type result struct {
	Error        string        `json:"error,omitempty"`
	Escape       string        `json:"escape,omitempty"`
	Syntax       *syntax       `json:"syntax,omitempty"`
	Instructions []instruction `json:"instructions"`
}

// ParseInstruction(node) passes a nil linter, which panics on `# check=` comments: use a silent one.
var lint = linter.New(&linter.Config{SkipAll: true})

type noEnv struct{}

func (noEnv) Get(string) (string, bool) { return "", false }
func (noEnv) Keys() []string            { return nil }

// keyword: the dispatch key BuildKit matches (strings.ToLower), ASCII letters upper-cased for display.
func keyword(v string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, strings.ToLower(v))
}

func describe(n *parser.Node, escape rune) command {
	c := command{Keyword: keyword(n.Value), Flags: n.Flags, JSON: n.Attributes["json"], Heredocs: []heredoc{}}
	if c.Flags == nil {
		c.Flags = []string{}
	}
	for _, h := range n.Heredocs {
		c.Heredocs = append(c.Heredocs, heredoc{Name: h.Name, Chomp: h.Chomp, Expand: h.Expand, Content: h.Content})
	}
	v, err := instructions.ParseInstructionWithLinter(n, lint)
	if err != nil {
		c.Error = err.Error()
		return c
	}
	// As the frontend expands words at build time (dockerfile2llb dispatch), with no variable set.
	lex := shell.NewLex(escape)
	lex.SkipUnsetEnv = true
	expand := func(w string) (string, error) {
		out, _, err := lex.ProcessWord(w, noEnv{})
		return out, err
	}
	switch ic := v.(type) {
	case *instructions.RunCommand:
		if err := ic.Expand(expand); err != nil {
			c.Error = err.Error()
			return c
		}
		c.Mounts = []mount{}
		for _, m := range instructions.GetMounts(ic) {
			c.Mounts = append(c.Mounts, mount{string(m.Type), m.From, m.Source, m.Target, m.CacheID, string(m.CacheSharing)})
		}
		c.Network = instructions.GetNetwork(ic)
		c.Security = instructions.GetSecurity(ic)
	case *instructions.Stage:
		c.Platform = &ic.Platform
	case *instructions.AddCommand:
		if err := ic.Expand(expand); err != nil {
			c.Error = err.Error()
			return c
		}
		c.Sources = ic.SourcePaths
	}
	return c
}

// onbuild: the trigger is stored as text and parsed again, alone and with the default escape, by the
// build that uses the image as its base (dockerfile2llb initOnBuildTriggers).
func onbuild(n *parser.Node) (*command, string) {
	v, err := instructions.ParseInstructionWithLinter(n, lint)
	if err != nil {
		return nil, ""
	}
	ob, ok := v.(*instructions.OnbuildCommand)
	if !ok {
		return nil, ""
	}
	r, err := parser.Parse(strings.NewReader(ob.Expression))
	if err != nil {
		return nil, err.Error()
	}
	if len(r.AST.Children) != 1 {
		return nil, "onbuild trigger should be a single expression"
	}
	c := describe(r.AST.Children[0], parser.DefaultEscapeToken)
	return &c, ""
}

func parse(text string) result {
	var out result
	if s, cmdline, loc, ok := parser.DetectSyntax([]byte(text)); ok {
		out.Syntax = &syntax{Ref: s, Value: cmdline, Line: loc[0].Start.Line}
	}
	r, err := parser.Parse(strings.NewReader(text))
	if err != nil {
		out.Error = err.Error()
		out.Instructions = []instruction{}
		return out
	}
	out.Escape = string(r.EscapeToken)
	out.Instructions = []instruction{}
	for _, n := range r.AST.Children {
		ins := instruction{command: describe(n, r.EscapeToken), Line: n.StartLine, EndLine: n.EndLine}
		if ins.Keyword == "ONBUILD" {
			ins.Onbuild, ins.OnbuildError = onbuild(n)
		}
		out.Instructions = append(out.Instructions, ins)
	}
	return out
}

func main() {
	var texts []string
	if len(os.Args) > 1 {
		for _, f := range os.Args[1:] {
			b, err := os.ReadFile(f)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			texts = append(texts, string(b))
		}
	} else if err := json.NewDecoder(os.Stdin).Decode(&texts); err != nil {
		fmt.Fprintln(os.Stderr, "stdin: a JSON array of Dockerfile texts:", err)
		os.Exit(2)
	}
	results := make([]result, len(texts))
	for i, t := range texts {
		results[i] = parse(t)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
