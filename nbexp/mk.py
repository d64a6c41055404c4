import json,sys
cells=sys.argv[2:]
nb={"cells":[{"cell_type":"code","execution_count":None,"metadata":{"dotnet_interactive":{"language":"pwsh" if c.startswith("#!pwsh") else "csharp"}},"outputs":[],"source":c} for c in cells],
 "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"},"language_info":{"name":"polyglot-notebook"}},"nbformat":4,"nbformat_minor":5}
json.dump(nb,open(sys.argv[1],"w"),indent=1)
