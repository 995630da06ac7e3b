if anyof (true false) { keep; }
if allof () { keep; }
if not { keep; }
