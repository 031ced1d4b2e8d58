<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context><name>Main</name>
<message numerus="yes"><source>%n file(s)</source><translation></translation></message>
</context></TS>
