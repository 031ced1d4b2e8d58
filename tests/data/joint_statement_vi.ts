<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="main.cpp" line="12"/>
        <source>The Comprehensive Strategic Partnership</source>
        <translation>Đối tác Chiến lược Toàn diện</translation>
    </message>
    <message numerus="yes">
        <source>%n grant(s)</source>
        <translation>
            <numerusform>%n khoản tài trợ</numerusform>
        </translation>
    </message>
    <message>
        <source>Peace Corps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
